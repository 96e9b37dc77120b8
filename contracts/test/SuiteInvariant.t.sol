// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TokenHandler} from "./TokenInvariant.t.sol";
import {MockIdentity} from "./utils/MockIdentity.sol";
import {Fixture} from "./utils/Fixture.sol";
import {Token} from "../src/token/Token.sol";
import {IdentityRegistry} from "../src/registry/IdentityRegistry.sol";
import {ModularCompliance} from "../src/compliance/ModularCompliance.sol";
import {ITokenFactory} from "../src/interfaces/ITokenFactory.sol";
import {MaxHoldersModule} from "../src/compliance/modules/MaxHoldersModule.sol";
import {IdentityMaxBalanceModule} from "../src/compliance/modules/IdentityMaxBalanceModule.sol";
import {LockUpModule} from "../src/compliance/modules/LockUpModule.sol";
import {TransferLimitModule} from "../src/compliance/modules/TransferLimitModule.sol";
import {SupplyCapModule} from "../src/compliance/modules/SupplyCapModule.sol";
import {InvestorLimitsModule} from "../src/compliance/modules/InvestorLimitsModule.sol";
import {
    IMaxHoldersModule,
    IIdentityMaxBalanceModule,
    ILockUpModule,
    ITransferLimitModule,
    ISupplyCapModule,
    IInvestorLimitsModule
} from "../src/interfaces/IComplianceModules.sol";

/// @dev The token handler plus the moves that exercise identity-level state: recovery between two wallets of one
/// investor, ERC-7943 setFrozenTokens, batch transfers, and time passing (lock-ups and transfer windows expire).
contract SuiteHandler is TokenHandler {
    address internal walletA;
    address internal walletB;
    address internal identityAB;

    constructor(
        Token token_,
        address agent_,
        address[] memory actors_,
        address restricted_,
        address walletA_,
        address walletB_,
        address identityAB_
    ) TokenHandler(token_, agent_, actors_, restricted_) {
        walletA = walletA_;
        walletB = walletB_;
        identityAB = identityAB_;
    }

    IdentityRegistry internal registry;
    address internal officer;
    address[3] internal ids;
    address[4] internal wallets;
    uint16[4] internal countries = [uint16(840), 826, 250, 276];

    /// @dev The registry side: `officer_` (a registry agent) changes identities and countries; every wallet of an
    /// identity shares one country (an investor has one), so per-country holder counts are well defined.
    function setRegistry(IdentityRegistry registry_, address officer_, address[3] memory ids_, address[4] memory w)
        external
    {
        registry = registry_;
        officer = officer_;
        ids = ids_;
        wallets = w;
    }

    /// @dev A wallet turns out to belong to another investor: it takes that identity and its country, then the
    /// token tells the modules (as an agent does right after the registry update).
    function updateIdentity(uint256 walletSeed, uint256 idSeed) external {
        address w = wallets[walletSeed % 4];
        address id = ids[idSeed % 3];
        if (!registry.contains(w) || registry.identity(w) == id) return;
        uint16 country = _countryOf(id, w);
        vm.startPrank(officer);
        registry.updateIdentity(w, id);
        if (country != 0) registry.updateCountry(w, country);
        vm.stopPrank();
        token.syncInvestorRecord(w);
    }

    /// @dev An investor moves: every registered wallet of the identity gets the new country, each synced.
    function updateCountry(uint256 idSeed, uint256 countrySeed) external {
        address id = ids[idSeed % 3];
        uint16 country = countries[countrySeed % 4];
        for (uint256 i; i < 4; ++i) {
            address w = wallets[i];
            if (registry.identity(w) != id) continue;
            vm.prank(officer);
            registry.updateCountry(w, country);
            token.syncInvestorRecord(w);
        }
    }

    /// @dev The country of another registered wallet of `id` (0 when none).
    function _countryOf(address id, address except) internal view returns (uint16) {
        for (uint256 i; i < 4; ++i) {
            address w = wallets[i];
            if (w != except && registry.identity(w) == id) return registry.investorCountry(w);
        }
        return 0;
    }

    function recover(bool aToB) external {
        (address lost, address fresh) = aToB ? (walletA, walletB) : (walletB, walletA);
        vm.prank(agent);
        token.recoveryAddress(lost, fresh, identityAB);
    }

    function setFrozenTokens(uint256 seed, uint256 amount) external {
        address w = _actor(seed);
        amount = bound(amount, 0, token.balanceOf(w));
        vm.prank(agent);
        token.setFrozenTokens(w, amount);
    }

    function batchTransfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        address[] memory to = new address[](2);
        to[0] = _actor(toSeed);
        to[1] = _actor(toSeed + 1);
        uint256[] memory amounts = new uint256[](2);
        amounts[0] = bound(amount, 0, token.balanceOf(from) / 2 + 1);
        amounts[1] = amounts[0];
        vm.prank(from);
        token.batchTransfer(to, amounts);
    }

    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + bound(secondsAhead, 1 hours, 60 days));
    }
}

/// @dev Invariants over a suite with identity-level rules: max holders (per identity), max balance per identity,
/// lock-up per issuance, a daily transfer limit and a supply cap. alice and alice2 are one investor.
contract SuiteInvariantTest is Fixture {
    uint256 internal constant CAP = 5_000_000e18;

    SuiteHandler internal handler;
    Token internal suite;
    ModularCompliance internal suiteCompliance;
    MaxHoldersModule internal holders;
    IdentityMaxBalanceModule internal idBalance;
    LockUpModule internal lockUp;
    InvestorLimitsModule internal investorLimits;
    address[] internal actors;
    address internal alice2 = makeAddr("alice2");

    function setUp() public override {
        super.setUp();
        vm.prank(officer);
        registry.registerInvestor(alice2, identityOf(alice), USA, type(uint64).max);
        // Both wallets are management keys of alice's ONCHAINID, so a recovery can move the registration back and
        // forth (each recovery removes the lost wallet from the registry and registers the new one).
        vm.etch(identityOf(alice), type(MockIdentity).runtimeCode);
        MockIdentity(identityOf(alice)).addKey(keccak256(abi.encode(alice)), 1);
        MockIdentity(identityOf(alice)).addKey(keccak256(abi.encode(alice2)), 1);
        // KYC must outlast the handler's time travel.
        vm.startPrank(officer);
        registry.setKycExpiry(alice, type(uint64).max);
        registry.setKycExpiry(bob, type(uint64).max);
        registry.setKycExpiry(carol, type(uint64).max);
        vm.stopPrank();

        ITokenFactory.AssetParams memory p;
        p.name = "Suite";
        p.symbol = "STE";
        p.decimals = 18;
        (suite, suiteCompliance) = _deploy(p);
        holders = new MaxHoldersModule();
        idBalance = new IdentityMaxBalanceModule();
        lockUp = new LockUpModule();
        TransferLimitModule limit = new TransferLimitModule();
        SupplyCapModule cap = new SupplyCapModule();
        vm.startPrank(issuer);
        _add(address(holders), abi.encodeCall(IMaxHoldersModule.setHolderLimit, (3)));
        _add(address(idBalance), abi.encodeCall(IIdentityMaxBalanceModule.setIdentityMaxBalance, (MAX_BALANCE)));
        _add(address(lockUp), abi.encodeCall(ILockUpModule.setLockUpPeriod, (30 days)));
        _add(address(limit), abi.encodeCall(ITransferLimitModule.setTransferLimit, (1 days, 200_000e18)));
        _add(address(cap), abi.encodeCall(ISupplyCapModule.setSupplyCap, (CAP)));
        investorLimits = new InvestorLimitsModule();
        _add(
            address(investorLimits),
            abi.encodeCall(IInvestorLimitsModule.setInvestorLimits, (MAX_BALANCE, 1 days, 300_000e18))
        );
        vm.stopPrank();

        actors.push(alice);
        actors.push(alice2);
        actors.push(bob);
        actors.push(carol);
        actors.push(dave); // unregistered: must never receive
        handler = new SuiteHandler(suite, issuer, actors, dave, alice, alice2, identityOf(alice));
        handler.setRegistry(
            registry, officer, [identityOf(alice), identityOf(bob), identityOf(carol)], [alice, alice2, bob, carol]
        );
        targetContract(address(handler));
    }

    function _add(address module, bytes memory config) internal {
        suiteCompliance.addModule(module);
        suiteCompliance.callModuleFunction(config, module);
    }

    function invariant_totalSupplyEqualsSumOfBalances() public view {
        uint256 sum;
        for (uint256 i; i < actors.length; ++i) {
            sum += suite.balanceOf(actors[i]);
        }
        assertEq(suite.totalSupply(), sum);
        assertLe(suite.totalSupply(), CAP);
    }

    function invariant_frozenAndLockedNeverExceedBalance() public view {
        for (uint256 i; i < actors.length; ++i) {
            uint256 balance = suite.balanceOf(actors[i]);
            assertLe(suite.getFrozenTokens(actors[i]), balance);
            assertLe(lockUp.getLockedBalance(address(suiteCompliance), actors[i]), balance);
        }
    }

    function invariant_unregisteredNeverHolds() public view {
        assertEq(suite.balanceOf(dave), 0);
    }

    /// @dev The sum of the balances of the registered wallets of `id` now.
    function _identityBalance(address id) internal view returns (uint256 sum) {
        address[4] memory w = [alice, alice2, bob, carol];
        for (uint256 i; i < 4; ++i) {
            if (registry.identity(w[i]) == id) sum += suite.balanceOf(w[i]);
        }
    }

    /// @dev The country of a holding wallet of `id` (all of an identity's wallets share one in the handler).
    function _identityCountry(address id) internal view returns (uint16) {
        address[4] memory w = [alice, alice2, bob, carol];
        for (uint256 i; i < 4; ++i) {
            if (registry.identity(w[i]) == id && suite.balanceOf(w[i]) != 0) return registry.investorCountry(w[i]);
        }
        return 0;
    }

    /// @dev Holders are investors (identities with a non-zero balance over their wallets), whatever identity and
    /// country changes the registry went through, in total and per country.
    function invariant_holderCountEqualsInvestorsWithBalance() public view {
        address[3] memory ids = [identityOf(alice), identityOf(bob), identityOf(carol)];
        uint16[4] memory countries = [USA, GBR, FRA, DEU];
        uint256[4] memory perCountry;
        uint256 n;
        for (uint256 i; i < 3; ++i) {
            if (_identityBalance(ids[i]) == 0) continue;
            ++n;
            uint16 c = _identityCountry(ids[i]);
            for (uint256 k; k < 4; ++k) {
                if (countries[k] == c) ++perCountry[k];
            }
        }
        assertEq(holders.getHolderCount(address(suiteCompliance)), n);
        for (uint256 k; k < 4; ++k) {
            (, uint256 count) = holders.getCountryHolders(address(suiteCompliance), countries[k]);
            assertEq(count, perCountry[k]);
        }
    }

    function invariant_identityBalancesMatchWallets() public view {
        address c = address(suiteCompliance);
        address[3] memory ids = [identityOf(alice), identityOf(bob), identityOf(carol)];
        for (uint256 i; i < 3; ++i) {
            uint256 expected = _identityBalance(ids[i]);
            assertEq(idBalance.getIdentityBalance(c, ids[i]), expected);
            (uint256 held,,) = investorLimits.getInvestor(c, ids[i]);
            assertEq(held, expected);
        }
    }
}
