// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TokenHandler} from "./TokenInvariant.t.sol";
import {MockIdentity} from "./utils/MockIdentity.sol";
import {Fixture} from "./utils/Fixture.sol";
import {Token} from "../src/token/Token.sol";
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

    /// @dev Holders are investors: alice's two wallets count once.
    function invariant_holderCountEqualsInvestorsWithBalance() public view {
        uint256 n;
        if (suite.balanceOf(alice) + suite.balanceOf(alice2) != 0) ++n;
        if (suite.balanceOf(bob) != 0) ++n;
        if (suite.balanceOf(carol) != 0) ++n;
        assertEq(holders.getHolderCount(address(suiteCompliance)), n);
    }

    function invariant_identityBalancesMatchWallets() public view {
        address c = address(suiteCompliance);
        assertEq(idBalance.getIdentityBalance(c, identityOf(alice)), suite.balanceOf(alice) + suite.balanceOf(alice2));
        assertEq(idBalance.getIdentityBalance(c, identityOf(bob)), suite.balanceOf(bob));
        assertEq(idBalance.getIdentityBalance(c, identityOf(carol)), suite.balanceOf(carol));
        (uint256 a,,) = investorLimits.getInvestor(c, identityOf(alice));
        (uint256 b,,) = investorLimits.getInvestor(c, identityOf(bob));
        assertEq(a, suite.balanceOf(alice) + suite.balanceOf(alice2));
        assertEq(b, suite.balanceOf(bob));
    }
}
