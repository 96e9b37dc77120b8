// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {TesseraVault} from "../../src/vault/TesseraVault.sol";
import {ITesseraVault} from "../../src/interfaces/ITesseraVault.sol";
import {TestUSD} from "../../src/payment/TestUSD.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {
    AccessManagerUpgradeable
} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagerUpgradeable.sol";

/// @dev The platform (Fixture), Test USD as the payment token and the demo asset's vault wired as seedDemo must wire
/// it: role SUPPLY and `setLocker(vault, true)` for the vault; FUND_ADMIN, NAV_AGENT and NAV_APPROVER (two approvers)
/// for the fund's accounts. NAV 1.25 TUSD per share, daily dealing at `firstDealing` + k days with a 2-hour cut-off,
/// minimum subscription 100 TUSD, minimum redemption 1 share, NAV move limit 10%. Alice, bob and carol hold
/// 1,000,000 TUSD; the fund administrator holds 10,000,000 TUSD for payouts.
abstract contract VaultBase is Fixture {
    uint256 internal constant TUSD = 1e6;
    uint256 internal constant SHARE = 1e18;
    uint256 internal constant NAV = 1_250_000; // 1.25 TUSD per whole share
    uint256 internal constant USD_FUNDS = 1_000_000 * TUSD;
    uint256 internal constant CUTOFF = 2 hours;
    uint256 internal constant MIN_DEPOSIT = 100 * TUSD;
    uint256 internal constant MIN_REDEEM = 1e18;
    uint256 internal constant LIMIT_BPS = 1000;

    TesseraVault internal vault;
    TestUSD internal usd;
    AccessManagerUpgradeable internal manager;
    uint256 internal firstDealing;

    address internal fundAdmin = makeAddr("fundAdmin");
    address internal navAgent = makeAddr("navAgent");
    address internal navApprover = makeAddr("navApprover");
    address internal treasury = makeAddr("treasury");
    address internal stranger = makeAddr("stranger");

    function setUp() public virtual override {
        super.setUp();
        usd = new TestUSD(issuer);
        firstDealing = block.timestamp + 1 days;
        vault = _newVault(address(token), NAV, block.timestamp - 1 hours);
        manager = AccessManagerUpgradeable(token.authority());
        vm.startPrank(issuer);
        manager.grantRole(Roles.SUPPLY, address(vault), 0);
        token.setLocker(address(vault), true);
        manager.grantRole(Roles.FUND_ADMIN, fundAdmin, 0);
        manager.grantRole(Roles.NAV_AGENT, navAgent, 0);
        manager.grantRole(Roles.NAV_APPROVER, navApprover, 0);
        manager.grantRole(Roles.NAV_APPROVER, navAgent, 0); // a proposer who is also an approver
        usd.mint(alice, USD_FUNDS);
        usd.mint(bob, USD_FUNDS);
        usd.mint(carol, USD_FUNDS);
        usd.mint(fundAdmin, 10 * USD_FUNDS);
        vm.stopPrank();
        _approveAll(alice);
        _approveAll(bob);
        _approveAll(carol);
        _approveAll(fundAdmin);
    }

    function _terms() internal view returns (ITesseraVault.DealingTerms memory) {
        return ITesseraVault.DealingTerms({
            firstDealing: uint40(firstDealing),
            interval: uint32(1 days),
            cutoff: uint32(CUTOFF),
            minDeposit: uint128(MIN_DEPOSIT),
            minRedeem: uint128(MIN_REDEEM)
        });
    }

    function _newVault(address t, uint256 nav, uint256 date) internal returns (TesseraVault) {
        return new TesseraVault(address(factory), t, address(usd), nav, date, _terms(), LIMIT_BPS, treasury);
    }

    function _approveAll(address who) internal {
        vm.prank(who);
        usd.approve(address(vault), type(uint256).max);
    }

    function _requestDeposit(address who, uint256 assets) internal returns (uint256 dealing) {
        dealing = vault.dealingDateAt(block.timestamp);
        vm.prank(who);
        vault.requestDeposit(assets, who, who);
    }

    function _requestRedeem(address who, uint256 shares) internal returns (uint256 dealing) {
        dealing = vault.dealingDateAt(block.timestamp);
        vm.prank(who);
        vault.requestRedeem(shares, who, who);
    }

    /// @dev Warps to `date` (when later) and posts `nav` for it (within the limit of the last NAV).
    function _postNav(uint256 date, uint256 nav) internal {
        if (block.timestamp < date) vm.warp(date);
        vm.prank(navAgent);
        vault.updateNav(nav, date);
    }

    function _one(address a) internal pure returns (address[] memory arr) {
        arr = new address[](1);
        arr[0] = a;
    }

    function _one(uint256 v) internal pure returns (uint256[] memory arr) {
        arr = new uint256[](1);
        arr[0] = v;
    }

    function _fulfillDeposit(uint256 dealing, address who, uint256 assets) internal {
        vm.prank(fundAdmin);
        vault.fulfillDeposits(dealing, _one(who), _one(assets));
    }

    function _fulfillRedeem(uint256 dealing, address who, uint256 shares) internal {
        vm.prank(fundAdmin);
        vault.fulfillRedeems(dealing, _one(who), _one(shares));
    }
}
