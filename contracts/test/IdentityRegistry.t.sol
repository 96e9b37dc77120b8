// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IdentityRegistry} from "../src/registry/IdentityRegistry.sol";
import {IIdentityRegistry} from "../src/interfaces/IIdentityRegistry.sol";
import {IAgentRole} from "../src/interfaces/IAgentRole.sol";

contract IdentityRegistryTest is Test {
    IdentityRegistry internal registry;
    address internal admin = makeAddr("admin");
    address internal agent = makeAddr("agent");
    address internal wallet = makeAddr("wallet");
    address internal id = makeAddr("identity");
    uint64 internal expiry;

    function setUp() public {
        vm.warp(1_750_000_000);
        expiry = uint64(block.timestamp + 30 days);
        registry = new IdentityRegistry(admin);
        vm.prank(admin);
        registry.addAgent(agent);
    }

    function test_registerInvestor_Success_WhenAgent() public {
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.IdentityRegistered(wallet, id);
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.CountryUpdated(wallet, 840);
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.KycUpdated(wallet, expiry);
        vm.prank(agent);
        registry.registerInvestor(wallet, id, 840, expiry);

        assertTrue(registry.contains(wallet));
        assertTrue(registry.isVerified(wallet));
        assertEq(registry.identity(wallet), id);
        assertEq(registry.investorCountry(wallet), 840);
        assertEq(registry.kycExpiry(wallet), expiry);
    }

    function test_registerInvestor_Success_WhenPackedInOneSlot() public {
        vm.prank(agent);
        registry.registerInvestor(wallet, id, 840, expiry);
        // _investors is the only own state variable after Ownable's _owner and Ownable2Step's _pendingOwner.
        bytes32 slot = keccak256(abi.encode(wallet, uint256(2)));
        uint256 word = uint256(vm.load(address(registry), slot));
        assertEq(address(uint160(word)), id);
        assertEq(uint16(word >> 160), 840);
        assertEq(uint64(word >> 176), expiry);
        assertEq(uint256(vm.load(address(registry), bytes32(uint256(slot) + 1))), 0);
    }

    function test_registerIdentity_Success_WhenNoKycYet() public {
        vm.prank(agent);
        registry.registerIdentity(wallet, id, 250);
        assertTrue(registry.contains(wallet));
        assertFalse(registry.isVerified(wallet));
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.KycUpdated(wallet, expiry);
        vm.prank(agent);
        registry.setKycExpiry(wallet, expiry);
        assertTrue(registry.isVerified(wallet));
    }

    function test_isVerified_Success_WhenKycLapses() public {
        vm.prank(agent);
        registry.registerInvestor(wallet, id, 840, expiry);
        vm.warp(expiry - 1);
        assertTrue(registry.isVerified(wallet));
        vm.warp(expiry);
        assertFalse(registry.isVerified(wallet), "expired at kycExpiresAt");
        assertTrue(registry.contains(wallet), "still registered");
    }

    function test_registerInvestor_RevertWhen_CallerNotAgent() public {
        vm.expectRevert(abi.encodeWithSelector(IAgentRole.CallerNotAgent.selector, address(this)));
        registry.registerInvestor(wallet, id, 840, expiry);
    }

    function test_registerInvestor_RevertWhen_AlreadyRegistered() public {
        vm.startPrank(agent);
        registry.registerInvestor(wallet, id, 840, expiry);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.WalletAlreadyRegistered.selector, wallet));
        registry.registerInvestor(wallet, id, 840, expiry);
        vm.stopPrank();
    }

    function test_registerInvestor_RevertWhen_InvalidInput() public {
        vm.startPrank(agent);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.InvalidWallet.selector, address(0)));
        registry.registerInvestor(address(0), id, 840, expiry);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.InvalidIdentity.selector, address(0)));
        registry.registerInvestor(wallet, address(0), 840, expiry);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.InvalidCountry.selector, uint16(0)));
        registry.registerInvestor(wallet, id, 0, expiry);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.InvalidCountry.selector, uint16(1000)));
        registry.registerInvestor(wallet, id, 1000, expiry);
        vm.stopPrank();
    }

    function test_deleteIdentity_Success_WhenRegistered() public {
        vm.startPrank(agent);
        registry.registerInvestor(wallet, id, 840, expiry);
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.IdentityRemoved(wallet, id);
        registry.deleteIdentity(wallet);
        vm.stopPrank();
        assertFalse(registry.contains(wallet));
        assertFalse(registry.isVerified(wallet));
        assertEq(registry.identity(wallet), address(0));
        assertEq(registry.investorCountry(wallet), 0);
        assertEq(registry.kycExpiry(wallet), 0);
    }

    function test_deleteIdentity_RevertWhen_NotRegistered() public {
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.WalletNotRegistered.selector, wallet));
        registry.deleteIdentity(wallet);
    }

    function test_updateCountry_Success_WhenRegistered() public {
        vm.startPrank(agent);
        registry.registerInvestor(wallet, id, 840, expiry);
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.CountryUpdated(wallet, 276);
        registry.updateCountry(wallet, 276);
        vm.stopPrank();
        assertEq(registry.investorCountry(wallet), 276);
        assertEq(registry.kycExpiry(wallet), expiry, "other fields kept");
    }

    function test_updateIdentity_Success_WhenRegistered() public {
        address newId = makeAddr("identity2");
        vm.startPrank(agent);
        registry.registerInvestor(wallet, id, 840, expiry);
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.IdentityUpdated(id, newId);
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.InvestorIdentityUpdated(wallet, id, newId);
        registry.updateIdentity(wallet, newId);
        vm.stopPrank();
        assertEq(registry.identity(wallet), newId);
        assertTrue(registry.isVerified(wallet));
    }

    function test_batchRegisterIdentity_Success_WhenLengthsMatch() public {
        address[] memory wallets = new address[](2);
        address[] memory ids = new address[](2);
        uint16[] memory countries = new uint16[](2);
        wallets[0] = wallet;
        wallets[1] = makeAddr("w2");
        ids[0] = id;
        ids[1] = makeAddr("id2");
        countries[0] = 840;
        countries[1] = 826;
        vm.prank(agent);
        registry.batchRegisterIdentity(wallets, ids, countries);
        assertEq(registry.investorCountry(wallets[1]), 826);
        assertEq(registry.identity(wallets[1]), ids[1]);
    }

    function test_batchRegisterIdentity_RevertWhen_LengthMismatch() public {
        address[] memory wallets = new address[](2);
        address[] memory ids = new address[](1);
        uint16[] memory countries = new uint16[](2);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.BatchLengthMismatch.selector, 2, 1));
        registry.batchRegisterIdentity(wallets, ids, countries);
    }

    function test_addAgent_RevertWhen_NotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        registry.addAgent(address(this));
    }

    function test_removeAgent_Success_WhenOwner() public {
        vm.expectEmit(address(registry));
        emit IAgentRole.AgentRemoved(agent);
        vm.prank(admin);
        registry.removeAgent(agent);
        assertFalse(registry.isAgent(agent));
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(IAgentRole.CallerNotAgent.selector, agent));
        registry.registerInvestor(wallet, id, 840, expiry);
    }

    function testFuzz_isVerified_MatchesExpiry(uint64 expiresAt, uint64 now_) public {
        vm.prank(agent);
        registry.registerInvestor(wallet, id, 840, expiresAt);
        vm.warp(now_);
        assertEq(registry.isVerified(wallet), expiresAt > now_);
    }
}
